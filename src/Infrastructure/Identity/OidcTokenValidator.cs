using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DqPlatform.Infrastructure.Identity;

/// <summary>
/// Validates a JWT against the configured provider that issued it. The token's <c>iss</c> is read unverified only to
/// choose the provider; then everything is checked with that provider's published keys: signature (asymmetric
/// algorithms of the allow-list only), issuer, audience, expiry and not-before (with a small clock skew).
/// </summary>
public sealed partial class OidcTokenValidator
{
    /// <summary>The lengths of <c>users.external_id</c>, <c>users.name</c> and <c>users.email</c>.</summary>
    public const int MaxSubjectLength = 255, MaxNameLength = 255, MaxEmailLength = 320;

    private readonly Dictionary<string, OidcProvider> _byIssuer;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ILogger<OidcTokenValidator> _logger;

    public OidcTokenValidator(IOptions<IdentityOptions> options, IHttpClientFactory httpClients, Domain.Common.IClock clock, ILogger<OidcTokenValidator> logger)
    {
        _logger = logger;
        _byIssuer = new(StringComparer.Ordinal);
        foreach (var (name, provider) in options.Value.Providers)
        {
            if (string.IsNullOrWhiteSpace(provider.Authority) || string.IsNullOrWhiteSpace(provider.Audience))
            {
                throw new InvalidOperationException($"Identity provider '{name}' needs both Authority and Audience (Dqp:Identity:Providers:{name}).");
            }

            var oidc = new OidcProvider(name, provider, httpClients.CreateClient(nameof(OidcTokenValidator)), clock);
            _byIssuer[oidc.Issuer] = oidc;
        }
    }

    /// <summary>Whether any provider is configured: without one, only API keys authenticate.</summary>
    public bool Enabled => _byIssuer.Count > 0;

    /// <summary>The options (organizations, group → role mapping) of the provider named <paramref name="provider"/>.</summary>
    public IdentityProviderOptions OptionsOf(string provider) =>
        _byIssuer.Values.First(p => p.Name == provider).Options;

    /// <summary>Whether <paramref name="bearer"/> has the shape of a JWT (three dot-separated parts), not of an API key.</summary>
    public static bool LooksLikeJwt(string bearer) => bearer.AsSpan().Count('.') == 2;

    public async Task<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebToken unverified;
        try
        {
            unverified = _handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or FormatException or System.Text.Json.JsonException)
        {
            return TokenValidation.Refused("The bearer token is not a well-formed JWT.");
        }

        if (!_byIssuer.TryGetValue((unverified.Issuer ?? "").TrimEnd('/'), out var provider))
        {
            return TokenValidation.Refused("The token's issuer is not a configured identity provider.");
        }

        Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await provider.ConfigurationWithKeyAsync(unverified.Kid is { Length: > 0 } kid ? kid : null, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogProviderUnreachable(_logger, provider.Name, e);
            return new TokenValidation(null, "The token could not be validated: its identity provider is unreachable; try again shortly.", Unavailable: true);
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuers = [configuration.Issuer, provider.Issuer],
            ValidAudience = provider.Options.Audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = provider.Options.AcceptedAlgorithms,
            ClockSkew = provider.Options.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            // A token naming a key id is checked with that key only, not with every key the provider publishes.
            TryAllIssuerSigningKeys = string.IsNullOrEmpty(unverified.Kid),
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return TokenValidation.Refused(RefusalOf(result.Exception));
        }

        if (!jwt.TryGetPayloadValue<string>("sub", out var subject) || string.IsNullOrWhiteSpace(subject))
        {
            return TokenValidation.Refused("The token has no subject ('sub').");
        }

        // Claims are stored in bounded columns: one that cannot fit is the token's fault (401), never a database error.
        if (subject.Length > MaxSubjectLength)
        {
            return TokenValidation.Refused($"The token's subject ('sub') is longer than {MaxSubjectLength} characters.");
        }

        var claims = jwt.Claims.ToList();
        string? First(string type) => claims.FirstOrDefault(c => c.Type == type)?.Value is { Length: > 0 } v ? v : null;
        var email = First("email");
        if (email is { Length: > MaxEmailLength })
        {
            return TokenValidation.Refused($"The token's email is longer than {MaxEmailLength} characters.");
        }

        // A display name only: a long one is shortened rather than refused.
        var displayName = First("name") ?? First("preferred_username");
        if (displayName is { Length: > MaxNameLength })
        {
            displayName = displayName[..MaxNameLength];
        }

        return new TokenValidation(new SignedInIdentity(
            provider.Name,
            provider.Issuer,
            subject,
            email,
            string.Equals(First("email_verified"), "true", StringComparison.OrdinalIgnoreCase),
            displayName,
            First(provider.Options.OrganizationClaim),
            [.. claims.Where(c => c.Type == provider.Options.GroupsClaim).Select(c => c.Value).Where(v => v.Length > 0)],
            new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)), null);
    }

    // What the client is told: which check failed, never the keys or the token.
    private static string RefusalOf(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The token is not issued for this API (audience).",
        SecurityTokenInvalidIssuerException => "The token's issuer is not accepted.",
        SecurityTokenInvalidAlgorithmException => "The token's signature algorithm is not accepted.",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed with a key its provider does not publish.",
        SecurityTokenInvalidSignatureException => "The token's signature is invalid.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        _ => "The token is invalid.",
    };

    [LoggerMessage(LogLevel.Warning, "Identity provider '{Provider}': its discovery document or keys could not be fetched.")]
    private static partial void LogProviderUnreachable(ILogger logger, string provider, Exception exception);
}
