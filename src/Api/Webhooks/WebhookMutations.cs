using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Webhooks;
using DqPlatform.Infrastructure.Security;
using DqPlatform.Infrastructure.Webhooks;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Webhooks;

public static class WebhookMutations
{
    public static IReadOnlySet<string> KnownEvents => WebhookEvents.Known;

    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<WebhookGraphType>>("createWebhook")
            .Argument<NonNullGraphType<CreateWebhookInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var data = MutationSupport.WritableData(c);
                var webhook = new Webhook { WorkspaceId = data.WorkspaceId, Name = "", Url = "" };
                Apply(webhook, input, creating: true, c.Service<ConnectionConfigProtector>());
                await c.Service<WebhookDestinations>().RequireAllowedAsync(webhook.Url, c.CancellationToken);
                data.Db.Webhooks.Add(webhook);
                await MutationSupport.SaveAsync(data.Db, c.CancellationToken);
                return webhook;
            });

        mutation.Field<NonNullGraphType<WebhookGraphType>>("updateWebhook")
            .Argument<NonNullGraphType<UpdateWebhookInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var data = MutationSupport.WritableData(c);
                var id = MutationSupport.IdOf(input.Value<string>("id")!, "Webhook");
                var webhook = await data.Webhooks.SingleOrDefaultAsync(x => x.Id == id, c.CancellationToken)
                    ?? throw new NotFoundException("Webhook", input["id"]!);
                Apply(webhook, input, creating: false, c.Service<ConnectionConfigProtector>());
                await c.Service<WebhookDestinations>().RequireAllowedAsync(webhook.Url, c.CancellationToken);
                webhook.UpdatedAt = DateTimeOffset.UtcNow;
                await MutationSupport.SaveAsync(data.Db, c.CancellationToken);
                return webhook;
            });

        mutation.Field<NonNullGraphType<WebhookTestResultGraphType>>("testWebhook")
            .Description("Sends a signed ping event to the webhook now and answers what the receiver said.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var data = MutationSupport.WritableData(c);
                var id = MutationSupport.IdOf(c.GetArgument<string>("id"), "Webhook");
                if (!await data.Webhooks.AnyAsync(w => w.Id == id, c.CancellationToken))
                {
                    throw new NotFoundException("Webhook", c.GetArgument<string>("id"));
                }

                var deliveryId = Guid.NewGuid();
                var body = WebhookFanout.Body(WebhookEvents.Ping, deliveryId, DateTimeOffset.UtcNow, new { webhookId = c.GetArgument<string>("id") });
                return await c.Service<WebhookDelivery>().SendAsync(id, WebhookEvents.Ping, body, deliveryId, c.CancellationToken);
            });

        MutationSupport.RegisterDelete(mutation, "deleteWebhook", "Webhook", d => d.Webhooks);
    }

    private static void Apply(Webhook webhook, IDictionary<string, object?> input, bool creating, ConnectionConfigProtector protector)
    {
        var name = creating || input.Has("name") ? input.RequiredName() : webhook.Name;
        var url = creating || input.Has("url") ? input.Value<string>("url") ?? "" : webhook.Url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ValidationException("'url' must be an absolute http or https URL.", "url");
        }

        var events = creating || input.Has("events")
            ? input.Strings("events").Distinct(StringComparer.Ordinal).ToArray()
            : webhook.Events;
        var unknown = events.Where(e => !KnownEvents.Contains(e)).ToList();
        if (events.Length == 0 || unknown.Count > 0)
        {
            throw new ValidationException($"'events' must name at least one of: {string.Join(", ", KnownEvents)}.", "events");
        }

        var secret = input.Has("secret") ? input.Value<string>("secret") : null;
        if (secret is { Length: < 16 or > 255 })
        {
            throw new ValidationException("'secret' must be 16 to 255 characters.", "secret");
        }

        webhook.Name = name;
        webhook.Url = url;
        webhook.Events = events;
        if (input.Has("secret"))
        {
            // Encrypted at rest like connection configs; only the delivery job reveals it, to sign.
            webhook.Secret = secret is null ? null : protector.ProtectText(secret);
        }
        webhook.Enabled = input.Has("enabled") ? input.Value<bool>("enabled") : webhook.Enabled;
    }

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
