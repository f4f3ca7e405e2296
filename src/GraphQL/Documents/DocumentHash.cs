using System.Security.Cryptography;
using System.Text;

namespace DqPlatform.GraphQL.Documents;

/// <summary>The hash Apollo's clients send for a document: sha256 of its UTF-8 text, as lower-case hex.</summary>
public static class DocumentHash
{
    public static string Sha256(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    /// <summary>Whether a client's id can name a document: ids are keys in a shared store, so their alphabet is small.</summary>
    public static bool IsWellFormedId(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.');
}
