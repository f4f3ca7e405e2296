namespace DqPlatform.Domain.Tenancy.Quotas;

/// <summary>
/// One quota of a workspace against what it uses now. <see cref="Used"/> is null for the schedule interval when no
/// enabled schedule exists (otherwise the shortest gap among its enabled schedules, in seconds).
/// </summary>
public sealed record QuotaUsage(QuotaKind Kind, long? Used, long Limit);
