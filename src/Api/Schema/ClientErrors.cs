using DqPlatform.Api.GraphQL.Errors;
using DqPlatform.Domain.Common;
using DqPlatform.GraphQL.Errors;

namespace DqPlatform.Api.Schema;

/// <summary>
/// The machinery's refusals in the product's words: an argument it cannot use is a <see cref="ValidationException"/>
/// (<c>VALIDATION</c>, with its field) and a value that is not a global id of the expected type a
/// <see cref="BadUserInputException"/> (<c>BAD_USER_INPUT</c>), mapped like every other by the error info provider; the product's own
/// <see cref="DomainException"/>s are answers to the client, not failures to log.
/// </summary>
public sealed class ClientErrors : IClientErrors
{
    public Exception InvalidArgument(InvalidArgumentException error) => new ValidationException(error.Message, error.Field);

    public Exception InvalidGlobalId(InvalidGlobalIdException error) => new BadUserInputException(error.Message, error.Field);

    public bool IsReported(Exception exception) => exception is DomainException;
}
