using GraphQL.Types;

namespace DqPlatform.Api.GraphQL.Scalars;

/// <summary>ISO-8601 date-time with offset, named <c>DateTime</c> as HotChocolate names it.</summary>
public sealed class DateTimeScalar : DateTimeOffsetGraphType
{
    public DateTimeScalar()
    {
        Name = "DateTime";
        Description = "An ISO-8601 date-time with offset, e.g. 2026-11-25T14:00:00Z.";
    }
}
