using System.Reflection;

namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>
/// How a page's size goes into its SQL: through <see cref="Method"/>, a static <c>int → int</c> function that the host's
/// EF Core model translates to its argument written as a literal (its parameter marked <c>[NotParameterized]</c>).
/// Registered as a service by the host that has such a function; without one, the size is a constant of the query.
/// </summary>
/// <remarks>
/// A literal lets PostgreSQL settle on a generic plan for a page's prepared statement (with LIMIT as a parameter it
/// guessed a tenth of the rows and planned every execution anew); each size is a cached query of its own, which is
/// bounded because sizes are at most <see cref="PageArguments.MaxSize"/>.
/// </remarks>
public sealed record PageSizeLiteral(MethodInfo Method);
