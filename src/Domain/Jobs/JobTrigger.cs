namespace DqPlatform.Domain.Jobs;

/// <summary>Values of <c>jobs.triggered_by</c>.</summary>
public static class JobTrigger
{
    public const string Api = "api";
    public const string Schedule = "schedule";
    public const string Webhook = "webhook";
}
