using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Tenancy.Quotas;

/// <summary>
/// The change would take the workspace past one of its quotas; nothing was changed. <see cref="Quota"/> is the
/// kind in the graph's spelling (<c>CHECK_DEFINITIONS</c>), <see cref="Limit"/> and <see cref="Used"/> the numbers
/// the message names (seconds for the schedule interval, where <see cref="Used"/> is the refused cron's gap).
/// </summary>
public sealed class QuotaExceededException(QuotaKind kind, long limit, long used, string message)
    : DomainException(QuotaExceededException.ErrorCode, message)
{
    public const string ErrorCode = "QUOTA_EXCEEDED";

    public QuotaKind Kind { get; } = kind;

    public string Quota { get; } = WorkspaceQuota.NameOf(kind);

    public long Limit { get; } = limit;

    public long Used { get; } = used;
}
