using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Domain.Webhooks;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Webhooks;

/// <summary>Webhooks: their list, node type and mutations.</summary>
public static class WebhooksFeature
{
    public static IServiceCollection AddWebhooksFeature(this IServiceCollection services)
    {
        services.AddScoped<WebhookCommands>();
        services.AddSingleton(WebhookLists.Webhooks);
        services.AddSingleton(NodeType.ByUuid("Webhook",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().Webhooks, ids, ct), (Webhook w) => w.Id));
        return services;
    }

    public static void Register(QueryType query) =>
        query.ListField<object?, WebhookGraphType, Webhook>("webhooks", c => c.Data().Webhooks);

    public static void Register(MutationType mutation) => WebhookMutations.Register(mutation);
}
