using DqPlatform.Api.GraphQL;
using DqPlatform.Domain.Webhooks;
using DqPlatform.Infrastructure.Webhooks;
using GraphQL;
using GraphQL.Types;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Webhooks;

public static class WebhookMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<WebhookGraphType>>("createWebhook")
            .Argument<NonNullGraphType<CreateWebhookInputType>>("input")
            .ResolveAsync(async c => await c.Service<WebhookCommands>().CreateAsync(
                Changes(c.GetArgument<Dictionary<string, object?>>("input")), c.CancellationToken));

        mutation.Field<NonNullGraphType<WebhookGraphType>>("updateWebhook")
            .Argument<NonNullGraphType<UpdateWebhookInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var id = input.Value<string>("id")!;
                return await c.Service<WebhookCommands>().UpdateAsync(MutationSupport.IdOf(id, "Webhook"), id, Changes(input), c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<WebhookTestResultGraphType>>("testWebhook")
            .Description("Sends a signed ping event to the webhook now and answers what the receiver said.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<WebhookCommands>().PingAsync(MutationSupport.IdOf(id, "Webhook"), id, c.CancellationToken);
            });

        MutationSupport.RegisterDelete(mutation, "deleteWebhook", "Webhook", d => d.Webhooks);
    }

    // An explicit null keeps nothing: a null name, url or event list is refused as empty, as before.
    private static WebhookCommands.Changes Changes(IDictionary<string, object?> input) => new(
        input.Has("name") ? input.Value<string>("name") ?? "" : null,
        input.Has("url") ? input.Value<string>("url") ?? "" : null,
        input.Has("events") ? input.Strings("events") : null,
        input.Has("secret"),
        input.Value<string>("secret"),
        input.Has("enabled") ? input.Value<bool>("enabled") : null);
}

public sealed class CreateWebhookInputType : InputObjectGraphType
{
    public CreateWebhookInputType()
    {
        Name = "CreateWebhookInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("url");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("events");
        Field<StringGraphType>("secret").Description("HMAC signing secret (write-only).");
        Field<BooleanGraphType>("enabled");
    }
}

public sealed class UpdateWebhookInputType : InputObjectGraphType
{
    public UpdateWebhookInputType()
    {
        Name = "UpdateWebhookInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<StringGraphType>("url");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("events");
        Field<StringGraphType>("secret");
        Field<BooleanGraphType>("enabled");
    }
}

public sealed class WebhookTestResultGraphType : ObjectGraphType<DeliveryOutcome>
{
    public WebhookTestResultGraphType()
    {
        Name = "WebhookTestResult";
        Field(o => o.Delivered);
        Field(o => o.ResponseCode, nullable: true);
        Field(o => o.Error, nullable: true);
    }
}
