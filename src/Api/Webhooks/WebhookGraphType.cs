using DqPlatform.Domain.Webhooks;
using DqPlatform.GraphQL.Relay;
using GraphQL.Types;

namespace DqPlatform.Api.Webhooks;

/// <summary>A webhook; its signing secret is write-only (only whether one is set is shown).</summary>
public sealed class WebhookGraphType : NodeGraphType<Webhook>
{
    public WebhookGraphType() : base(w => w.Id)
    {
        Field(w => w.Name);
        Field(w => w.Url);
        Field<NonNullGraphType<BooleanGraphType>>("hasSecret").Resolve(c => c.Source.Secret is not null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("events").Resolve(c => c.Source.Events);
        Field(w => w.Enabled);
        Field(w => w.LastTriggeredAt, nullable: true);
        Field(w => w.LastResponseCode, nullable: true);
        Field(w => w.FailureCount);
        Field(w => w.CreatedAt);
        Field(w => w.UpdatedAt);
    }
}
