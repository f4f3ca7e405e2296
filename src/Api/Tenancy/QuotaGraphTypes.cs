using DqPlatform.Domain.Tenancy.Quotas;
using GraphQL.Types;

namespace DqPlatform.Api.Tenancy;

/// <summary>What a quota's numbers count.</summary>
public enum QuotaUnit
{
    Count,
    Bytes,
    Seconds,
}

/// <summary><c>QuotaUsage</c>: one quota of the workspace against what the workspace uses now.</summary>
public sealed class QuotaUsageGraphType : ObjectGraphType<QuotaUsage>
{
    public QuotaUsageGraphType()
    {
        Name = "QuotaUsage";
        Description = "One quota of the workspace against its use now. Going over answers QUOTA_EXCEEDED and changes nothing.";
        Field<NonNullGraphType<EnumerationGraphType<QuotaKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<EnumerationGraphType<QuotaUnit>>>("unit").Description("What `used` and `limit` count.")
            .Resolve(c => UnitOf(c.Source.Kind));
        Field<LongGraphType>("used")
            .Description("What the workspace holds now. For SHORTEST_SCHEDULE_INTERVAL the shortest gap between two fires among its enabled schedules (null when none fires twice).")
            .Resolve(c => c.Source.Used);
        Field<NonNullGraphType<LongGraphType>>("limit")
            .Description("The most the workspace may hold; for SHORTEST_SCHEDULE_INTERVAL the least gap a schedule may have between two fires.")
            .Resolve(c => c.Source.Limit);
    }

    private static QuotaUnit UnitOf(QuotaKind kind) => kind switch
    {
        QuotaKind.ShortestScheduleInterval => QuotaUnit.Seconds,
        QuotaKind.RetainedExportBytes => QuotaUnit.Bytes,
        _ => QuotaUnit.Count,
    };
}
