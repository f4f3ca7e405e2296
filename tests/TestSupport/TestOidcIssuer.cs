using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DqPlatform.TestSupport;

/// <summary>
/// A real OpenID Connect issuer for tests and benchmarks: Kestrel on a loopback port, its own RSA key, the discovery
/// document at <c>/.well-known/openid-configuration</c> and the JWKS it names, served over HTTP, and tokens minted and
/// signed with that key. <see cref="RotateKey"/> replaces the key (new kid; the old one is no longer published), as a
/// provider's rotation does. Nothing here bypasses the API's validation: it fetches these documents like any provider's.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private RsaSecurityKey _key = NewKey();
    private int _discoveryRequests;
    private int _jwksRequests;

    private TestOidcIssuer(WebApplication app) => _app = app;

    /// <summary>The issuer URL (<c>iss</c> of its tokens, and the authority to configure).</summary>
    public string Authority { get; private set; } = "";

    public string KeyId => Current.KeyId;

    /// <summary>How many times the discovery document and the JWKS were fetched (a provider's view of a client's refreshes).</summary>
    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    private RsaSecurityKey Current
    {
        get
        {
            lock (_gate)
            {
                return _key;
            }
        }
    }

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var issuer = new TestOidcIssuer(app);
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref issuer._discoveryRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer.Authority,
                ["jwks_uri"] = issuer.Authority + "/jwks",
                ["authorization_endpoint"] = issuer.Authority + "/authorize",
                ["token_endpoint"] = issuer.Authority + "/token",
                ["response_types_supported"] = new[] { "code", "id_token" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            });
        });
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref issuer._jwksRequests);
            var key = issuer.Current;
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = key.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
                },
            });
        });
        await app.StartAsync();
        issuer.Authority = app.Urls.First().TrimEnd('/');
        return issuer;
    }

    /// <summary>A new signing key with a new kid; the old one is no longer published (tokens signed with it stop validating).</summary>
    public void RotateKey()
    {
        lock (_gate)
        {
            _key = NewKey();
        }
    }

    /// <summary>
    /// A signed token for <paramref name="subject"/>. <paramref name="claims"/> are added as given (arrays stay arrays);
    /// <paramref name="lifetime"/> may be negative for an expired token; <paramref name="issuer"/> overrides <c>iss</c>.
    /// </summary>
    public string Mint(string subject, string audience, IDictionary<string, object>? claims = null, TimeSpan? lifetime = null, string? issuer = null, string? keyId = null)
    {
        var key = Current;
        if (keyId is not null)
        {
            // Same key material under another kid: what a forger guessing kids would send.
            key = new RsaSecurityKey(key.Rsa) { KeyId = keyId };
        }

        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        var issuedAt = expires < now ? expires - TimeSpan.FromHours(1) : now;
        var payload = new Dictionary<string, object> { ["sub"] = subject };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            payload[name] = value;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            Claims = payload,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with the same claims a signed one would carry.</summary>
    public string MintUnsigned(string subject, string audience, IDictionary<string, object>? claims = null)
    {
        var signed = Mint(subject, audience, claims);
        var payload = signed.Split('.')[1];
        var header = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { alg = "none", typ = "JWT", kid = KeyId }));
        return header + "." + payload + ".";
    }

    /// <summary>
    /// The same claims signed with HS256 keyed by the issuer's public modulus: the classic confusion where a validator
    /// verifying with "the key it has" accepts an HMAC made with public material.
    /// </summary>
    public string MintWithPublicKeyHmac(string subject, string audience, IDictionary<string, object>? claims = null)
    {
        var key = Current;
        var hmacKey = new SymmetricSecurityKey(key.Rsa.ExportParameters(false).Modulus) { KeyId = key.KeyId };
        var payload = new Dictionary<string, object> { ["sub"] = subject };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            payload[name] = value;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Claims = payload,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(hmacKey, SecurityAlgorithms.HmacSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N")[..16] };
}
