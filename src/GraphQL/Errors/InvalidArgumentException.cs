namespace DqPlatform.GraphQL.Errors;

/// <summary>
/// An argument the machinery cannot use: a cursor of another order, a field that cannot be sorted or filtered, a page
/// size out of range, too many ids. The client's mistake; <see cref="Field"/> names the offending argument or field.
/// </summary>
/// <remarks>
/// Not an <see cref="ArgumentException"/>: those are the machinery's own failures (cursor decoding catches them).
/// The fields that throw it hand it to <see cref="IClientErrors"/> so the product reports it in its own words.
/// </remarks>
public sealed class InvalidArgumentException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
