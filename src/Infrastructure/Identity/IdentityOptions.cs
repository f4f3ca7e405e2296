namespace DqPlatform.Infrastructure.Identity;

/// <summary>
/// <c>Dqp:Identity</c>: the OpenID Connect providers whose tokens sign people in, by a name of the operator's choosing.
/// None configured: only API keys authenticate (the bootstrap admin key, as before).
/// </summary>
public sealed class IdentityOptions
{
    public Dictionary<string, IdentityProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a validated token's identity is reused before it is validated again (never past its expiry).</summary>
    public TimeSpan TokenCacheLifetime { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>One identity provider: where its discovery document is, what tokens it issues for this API, and how its claims map.</summary>
public sealed class IdentityProviderOptions
{
    /// <summary>The issuer URL; its <c>/.well-known/openid-configuration</c> names the JWKS, and tokens' <c>iss</c> must equal it.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The <c>aud</c> tokens must carry (the client id or API identifier registered at the provider).</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim naming the organization (its slug) a first sign-in provisions the user into.</summary>
    public string OrganizationClaim { get; set; } = "org";

    /// <summary>
    /// The slugs of the organizations this provider may sign people into (and whose invitations its users may claim). A
    /// token naming any other organization is refused like an unknown one. Empty (the default): the provider signs
    /// nobody in: an identity provider is trusted for the organizations the operator lists, never for all of them.
    /// </summary>
    public List<string> Organizations { get; set; } = [];

    /// <summary>Whether <paramref name="slug"/> is one of <see cref="Organizations"/>.</summary>
    public bool Allows(string slug) => Organizations.Any(o => string.Equals(o.Trim(), slug, StringComparison.Ordinal));

    /// <summary>The claim listing the user's groups.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Group → organization-wide role slug (built-in such as <c>viewer</c>, or a custom role's), applied at each sign-in.</summary>
    public Dictionary<string, string> GroupRoles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Discovery and keys only over HTTPS; tests with a loopback issuer turn it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerance for clocks that disagree on <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the discovery document and keys are used before they are fetched again unasked.</summary>
    public TimeSpan MetadataLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The least time between two fetches caused by tokens naming an unknown key (the provider rotated): tokens with
    /// made-up key ids cannot make this node hammer the provider.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The signature algorithms accepted (unset: <see cref="AsymmetricAlgorithms"/>). Whatever is configured, only
    /// asymmetric ones count: never <c>none</c>, nor an HMAC keyed with a provider's public key.
    /// </summary>
    public string[]? Algorithms { get; set; }

    public static readonly IReadOnlyList<string> AsymmetricAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    public IReadOnlyList<string> AcceptedAlgorithms =>
        Algorithms is { Length: > 0 } chosen ? [.. chosen.Where(a => AsymmetricAlgorithms.Contains(a, StringComparer.Ordinal))] : AsymmetricAlgorithms;
}
