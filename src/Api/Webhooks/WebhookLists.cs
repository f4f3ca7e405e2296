using DqPlatform.Domain.Webhooks;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.Api.Webhooks;

public static class WebhookLists
{
    public static readonly ListSpec<Webhook> Webhooks = new ListSpec<Webhook>("Webhook", (Webhook w) => w.Id)
        .GlobalId(w => w.Id)
        .Field("name", w => w.Name)
        .Field("url", w => w.Url)
        .Field("events", w => w.Events)
        .Field("enabled", w => w.Enabled)
        .Field("failureCount", w => w.FailureCount)
        .Field("lastTriggeredAt", w => w.LastTriggeredAt)
        .Field("createdAt", w => w.CreatedAt)
        .OrderByDefault(SortKey.Asc((Webhook w) => w.Name));
}
