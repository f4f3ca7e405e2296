using Npgsql;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>Database errors that are the client's mistake, in words of our own.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// The database refused a value the client sent (SQLSTATE class 22, "data exception": too long, a null character,
    /// out of range): the client's mistake, said in words of our own so no driver text leaks.
    /// </summary>
    public static string? ClientDataError(Exception e)
    {
        var postgres = e as PostgresException ?? e.InnerException as PostgresException;
        return postgres?.SqlState switch
        {
            PostgresErrorCodes.StringDataRightTruncation => "A value is longer than its field allows.",
            PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter =>
                "A text value contains a character that cannot be stored (such as a null character).",
            { } state when state.StartsWith("22", StringComparison.Ordinal) => "A value is not valid for its field.",
            _ => null,
        };
    }
}
