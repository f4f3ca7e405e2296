using DqPlatform.Domain.Common;

namespace DqPlatform.Api.GraphQL.Errors;

/// <summary>
/// An argument value of the right GraphQL type that still cannot be what it claims: text in an <c>ID</c> argument or
/// filter that is not a global id of the type expected there (a raw UUID, another type's id). Answered as
/// <c>BAD_USER_INPUT</c> like a variable that does not coerce; <see cref="Field"/> names the argument.
/// </summary>
public sealed class BadUserInputException(string message, string field) : DomainException(ClientErrorCodes.BadUserInput, message)
{
    public string Field { get; } = field;
}
