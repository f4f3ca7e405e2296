using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Notifications;

namespace DqPlatform.Domain.Tests.Notifications;

public sealed class NotificationRoutingTests
{
    private static readonly Guid Warehouse = Guid.NewGuid();
    private static readonly Guid Crm = Guid.NewGuid();
    private static readonly Guid Slack = Guid.NewGuid();
    private static readonly Guid Pager = Guid.NewGuid();
    private static readonly Guid Mail = Guid.NewGuid();

    private static NotificationRule Rule(int position, Guid[] channels, Action<NotificationRule>? shape = null)
    {
        var rule = new NotificationRule { Id = Guid.NewGuid(), Name = "r" + position, Position = position, ChannelIds = channels };
        shape?.Invoke(rule);
        return rule;
    }

    private static NotificationSubject Subject(
        IncidentChangeKind change = IncidentChangeKind.Created, CheckSeverity severity = CheckSeverity.Error, Guid? connection = null, string table = "orders",
        string[]? tags = null, string type = "row_count", string? schema = null) =>
        new(change, severity, connection ?? Warehouse, schema, table, tags ?? [], type);

    // severity × tag × event × stopHere: which channels a change reaches.
    public static TheoryData<CheckSeverity, string[], IncidentChangeKind, string> Matrix()
    {
        var data = new TheoryData<CheckSeverity, string[], IncidentChangeKind, string>();
        // Rules: 0 fatal+ on "finance" → pager, stop; 1 error+ any tag → slack; 2 everything created/resolved → mail.
        data.Add(CheckSeverity.Fatal, ["finance"], IncidentChangeKind.Created, "pager");
        data.Add(CheckSeverity.Fatal, ["ops"], IncidentChangeKind.Created, "slack,mail");
        data.Add(CheckSeverity.Error, ["finance"], IncidentChangeKind.Created, "slack,mail");
        data.Add(CheckSeverity.Warning, ["finance"], IncidentChangeKind.Created, "mail");
        data.Add(CheckSeverity.Warning, [], IncidentChangeKind.Updated, "");
        data.Add(CheckSeverity.Error, [], IncidentChangeKind.Updated, "slack");
        data.Add(CheckSeverity.Fatal, ["finance", "ops"], IncidentChangeKind.Resolved, "pager");
        data.Add(CheckSeverity.Error, ["ops"], IncidentChangeKind.Resolved, "slack,mail");
        data.Add(CheckSeverity.Warning, ["ops"], IncidentChangeKind.Acknowledged, "");
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Route_SeverityTagEventAndStopHere_ReachTheExpectedChannels(CheckSeverity severity, string[] tags, IncidentChangeKind change, string expected)
    {
        var rules = new[]
        {
            Rule(2, [Mail], r => r.Events = [IncidentChangeKind.Created, IncidentChangeKind.Resolved]),
            Rule(0, [Pager], r => { r.MinSeverity = CheckSeverity.Fatal; r.Tags = ["finance"]; r.StopHere = true; }),
            Rule(1, [Slack], r => r.MinSeverity = CheckSeverity.Error),
        };
        var names = new Dictionary<Guid, string> { [Slack] = "slack", [Pager] = "pager", [Mail] = "mail" };
        var routed = NotificationRouting.Route(rules, Subject(change, severity, tags: tags));
        Assert.Equal(expected, string.Join(',', routed.Select(c => names[c])));
    }

    [Fact]
    public void Route_ConnectionTableAndCheckType_MustAllMatch()
    {
        var rule = Rule(0, [Slack], r => { r.ConnectionIds = [Warehouse]; r.Tables = ["sales.ORDERS"]; r.CheckTypes = ["row_count"]; });
        Assert.Single(NotificationRouting.Route([rule], Subject(schema: "sales")));
        Assert.Empty(NotificationRouting.Route([rule], Subject(schema: "public")));
        Assert.Empty(NotificationRouting.Route([rule], Subject(schema: "sales", connection: Crm)));
        Assert.Empty(NotificationRouting.Route([rule], Subject(schema: "sales", type: "null_count")));
        var anySchema = Rule(0, [Slack], r => r.Tables = ["orders"]);
        Assert.Single(NotificationRouting.Route([anySchema], Subject(schema: "archive")));
        Assert.Empty(NotificationRouting.Route([anySchema], Subject(table: "customers")));
    }

    [Fact]
    public void Route_DisabledRule_IsSkippedAndDoesNotStop()
    {
        var rules = new[] { Rule(0, [Pager], r => { r.Enabled = false; r.StopHere = true; }), Rule(1, [Slack, Pager]) };
        Assert.Equal([Slack, Pager], NotificationRouting.Route(rules, Subject()));
    }

    [Fact]
    public void Route_ChannelNamedByTwoRules_IsSentOnce()
    {
        var rules = new[] { Rule(0, [Slack, Mail]), Rule(1, [Mail, Pager]) };
        Assert.Equal([Slack, Mail, Pager], NotificationRouting.Route(rules, Subject()));
    }

    [Theory]
    [InlineData(1, 5, 10.0)]
    [InlineData(2, 5, 20.0)]
    [InlineData(4, 5, 60.0)]
    [InlineData(5, 5, null)]
    public void Backoff_DoublesUpToTheCap_AndEndsAfterTheLastAttempt(int attempt, int max, double? seconds) =>
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value),
            DeliveryRules.Backoff(attempt, max, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)));

    [Theory]
    [InlineData(null, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    public void Retryable_ServerErrorsAndThrottling_NotBadSettings(int? status, bool retry) => Assert.Equal(retry, DeliveryRules.Retryable(status));

    [Fact]
    public void Redacted_HidesTheSecretPartOfEachKind()
    {
        Assert.Equal("https://hooks.slack.com/…/••••",
            new ChannelSettings { Url = "https://hooks.slack.com/services/T000/B000/XXXXSECRET" }.Redacted(NotificationChannelKind.Slack));
        Assert.Equal("routing key ••••cdef", new ChannelSettings { RoutingKey = "0123456789abcdef" }.Redacted(NotificationChannelKind.PagerDuty));
        var email = new ChannelSettings { Email = new EmailSettings { Host = "smtp.example.com", Port = 587, Password = "hunter2", From = "dq@example.com", To = ["ops@example.com"] } };
        Assert.DoesNotContain("hunter2", email.Redacted(NotificationChannelKind.Email), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationChannelKind.Slack, "url")]
    [InlineData(NotificationChannelKind.Teams, "url")]
    [InlineData(NotificationChannelKind.PagerDuty, "routingKey")]
    [InlineData(NotificationChannelKind.Webhook, "webhookId")]
    [InlineData(NotificationChannelKind.Email, "email")]
    public void Validate_MissingSettingOfTheKind_NamesTheField(NotificationChannelKind kind, string field) =>
        Assert.Equal(field, Assert.Throws<ValidationException>(() => new ChannelSettings().Validate(kind)).Field);

    [Fact]
    public void Define_RuleWithoutChannels_IsRefused()
    {
        var rule = new NotificationRule { Name = "x" };
        var e = Assert.Throws<ValidationException>(() => rule.Define(rule.Spec with { Name = "y", ChannelIds = [] }));
        Assert.Equal(("channelIds", "x"), (e.Field, rule.Name));
    }
}
