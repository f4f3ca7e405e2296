namespace DqPlatform.Domain.Queries;

public static class QueryVisibility
{
    public const string Private = "private";
    public const string Shared = "shared";
}
