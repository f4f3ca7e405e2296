namespace DqPlatform.Domain.Common;

/// <summary>The rule for the names people give things (checks, connections, webhooks, keys, queries, workspaces).</summary>
public static class Names
{
    public const int MaxLength = 255;

    /// <summary>The name trimmed; VALIDATION on <paramref name="field"/> when empty or longer than <paramref name="max"/>.</summary>
    public static string Require(string? value, string field = "name", int max = MaxLength)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            throw new ValidationException($"'{field}' must not be empty.", field);
        }

        return value.Length <= max ? value : throw new ValidationException($"'{field}' is longer than {max} characters.", field);
    }
}
