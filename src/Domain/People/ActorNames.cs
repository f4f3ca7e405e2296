namespace DqPlatform.Domain.People;

/// <summary>
/// How an actor is named to people (an incident's notes, <c>Actor.displayName</c>): a key by its name and prefix, as
/// the key list shows it; a user by their name and email, or whichever of them the provider gave.
/// </summary>
public static class ActorNames
{
    public const int MaxLength = 255;

    public static string OfKey(string name, string keyPrefix) => Capped($"{name} ({keyPrefix})");

    public static string OfUser(string? name, string? email, string externalId) => Capped((name, email) switch
    {
        ({ Length: > 0 } n, { Length: > 0 } e) => $"{n} ({e})",
        ({ Length: > 0 } n, _) => n,
        (_, { Length: > 0 } e) => e,
        // The provider gave neither: its subject is all there is to tell users apart.
        _ => externalId,
    });

    // Notes and acknowledgedByName keep at most this much (incidents.acknowledged_by is varchar(255)).
    private static string Capped(string name) => name.Length > MaxLength ? name[..MaxLength] : name;
}
