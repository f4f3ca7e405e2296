namespace DqPlatform.GraphQL.Errors;

/// <summary>
/// A value given where a global id of a known type was expected that is not one: a raw UUID, text that does not
/// decode, or the id of another type. The client's mistake, of the same kind as a variable that does not coerce;
/// <see cref="Field"/> names the argument or filter field. Fields that throw it hand it to <see cref="IClientErrors"/>.
/// </summary>
public sealed class InvalidGlobalIdException(string message, string field) : Exception(message)
{
    public string Field { get; } = field;
}
