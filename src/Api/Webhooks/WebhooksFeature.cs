using DqPlatform.Api.Schema;
using DqPlatform.Domain.Webhooks;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Webhooks;

/// <summary>Webhooks: their list, node type and mutations.</summary>
public static class WebhooksFeature
{
    public static IServiceCollection AddWebhooksFeature(this IServiceCollection services)
    {
        services.AddScoped<WebhookCommands>();
        services.AddSingleton(WebhookLists.Webhooks);
        services.AddSingleton(NodeType.ByUuid("Webhook",
            (s, ids, ct) => s.Data().Webhooks.AsNoTracking().Where(w => ids.Contains(w.Id)).ToListAsync(ct), (Webhook w) => w.Id));
        return services;
    }

    public static void Register(QueryType query) =>
        query.ListField<object?, WebhookGraphType, Webhook>("webhooks", c => c.Data().Webhooks);

    public static void Register(MutationType mutation) => WebhookMutations.Register(mutation);
}
