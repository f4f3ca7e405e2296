using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Notifications;
using GraphQL.Types;

namespace DqPlatform.Api.Notifications;

public sealed class NotificationEmailInputType : InputObjectGraphType
{
    public NotificationEmailInputType()
    {
        Name = "NotificationEmailInput";
        Description = "SMTP settings of an e-mail channel. On update these replace the current ones; an omitted password keeps the current password only while host, port, user and security stay the same (with a user set, changing any of them needs the password again). A user or password needs START_TLS or TLS.";
        Field<NonNullGraphType<StringGraphType>>("host");
        Field<IntGraphType>("port").Description("Default 587.");
        Field<EnumerationGraphType<SmtpSecurity>>("security").Description("NONE, START_TLS (default) or TLS (implicit, usually port 465).");
        Field<StringGraphType>("user");
        Field<StringGraphType>("password").Description("Write-only.");
        Field<NonNullGraphType<StringGraphType>>("from");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("to");
    }
}

public sealed class CreateNotificationChannelInputType : InputObjectGraphType
{
    public CreateNotificationChannelInputType()
    {
        Name = "CreateNotificationChannelInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<EnumerationGraphType<NotificationChannelKind>>>("kind");
        Field<BooleanGraphType>("enabled");
        ChannelSettingsFields(this);
    }

    internal static void ChannelSettingsFields(InputObjectGraphType type)
    {
        type.Field<StringGraphType>("url").Description("SLACK and TEAMS: the incoming webhook (or Teams workflow) URL. Write-only: it carries the token.");
        type.Field<StringGraphType>("routingKey").Description("PAGER_DUTY: the Events API v2 integration (routing) key. Write-only.");
        type.Field<IdGraphType>("webhookId").Description("WEBHOOK: one of the workspace's webhooks, delivered signed as webhooks are.");
        type.Field<NotificationEmailInputType>("email").Description("EMAIL: the SMTP server and recipients.");
    }
}

public sealed class UpdateNotificationChannelInputType : InputObjectGraphType
{
    public UpdateNotificationChannelInputType()
    {
        Name = "UpdateNotificationChannelInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<BooleanGraphType>("enabled");
        CreateNotificationChannelInputType.ChannelSettingsFields(this);
    }
}

public sealed class CreateNotificationRuleInputType : InputObjectGraphType
{
    public CreateNotificationRuleInputType()
    {
        Name = "CreateNotificationRuleInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("channelIds");
        RuleFields(this);
    }

    internal static void RuleFields(InputObjectGraphType type)
    {
        type.Field<BooleanGraphType>("enabled");
        type.Field<ListGraphType<NonNullGraphType<EnumerationGraphType<IncidentChangeKind>>>>("events").Description("Empty or omitted: every change.");
        type.Field<EnumerationGraphType<CheckSeverity>>("minSeverity").Description("Only incidents at least this severe (null: any).");
        type.Field<ListGraphType<NonNullGraphType<IdGraphType>>>("connectionIds");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tables").Description("\"orders\" (any schema) or \"sales.orders\"; case-insensitive.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Matches checks carrying any of these tags.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("checkTypes");
        type.Field<BooleanGraphType>("stopHere").Description("A matching change is not offered to later rules.");
        type.Field<IntGraphType>("position").Description("Where to put the rule in the evaluation order (0 first); new rules go last by default.");
    }
}

public sealed class UpdateNotificationRuleInputType : InputObjectGraphType
{
    public UpdateNotificationRuleInputType()
    {
        Name = "UpdateNotificationRuleInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("channelIds");
        CreateNotificationRuleInputType.RuleFields(this);
    }
}
