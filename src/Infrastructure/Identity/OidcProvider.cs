using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace DqPlatform.Infrastructure.Identity;

/// <summary>
/// One configured provider's discovery document and signing keys (JWKS), fetched over HTTP with
/// <see cref="OpenIdConnectConfigurationRetriever"/> and cached for <see cref="IdentityProviderOptions.MetadataLifetime"/>.
/// A token signed with a key this node does not know yet (the provider rotated) forces one fetch, at most once per
/// <see cref="IdentityProviderOptions.RefreshInterval"/>, awaited so the same request is judged with the new keys.
/// (ConfigurationManager refreshes in the background and hands back the old keys meanwhile: the token that revealed the
/// rotation would be refused.) Concurrent fetches are one.
/// </summary>
public sealed class OidcProvider(string name, IdentityProviderOptions options, HttpClient http, Domain.Common.IClock clock)
{
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastForced = DateTimeOffset.MinValue;
    private (DateTimeOffset At, Exception Error)? _failed;

    public string Name { get; } = name;
    public IdentityProviderOptions Options { get; } = options;

    /// <summary>The issuer as configured, without a trailing slash: what a token's <c>iss</c> is matched against.</summary>
    public string Issuer { get; } = options.Authority.TrimEnd('/');

    public string MetadataAddress => Issuer + "/.well-known/openid-configuration";

    /// <summary>The current configuration (fetched when none is cached or it is older than its lifetime).</summary>
    public async Task<OpenIdConnectConfiguration> ConfigurationAsync(CancellationToken cancellationToken)
    {
        var seen = _current;
        if (seen is not null && clock.UtcNow - _fetchedAt < Options.MetadataLifetime)
        {
            return seen;
        }

        return await FetchAsync(seen, force: false, cancellationToken);
    }

    /// <summary>
    /// The configuration with a key of id <paramref name="keyId"/> if the provider publishes one: fetched again when the
    /// cached keys lack it and no forced fetch happened within <see cref="IdentityProviderOptions.RefreshInterval"/>.
    /// </summary>
    public async Task<OpenIdConnectConfiguration> ConfigurationWithKeyAsync(string? keyId, CancellationToken cancellationToken)
    {
        var configuration = await ConfigurationAsync(cancellationToken);
        if (keyId is null || HasKey(configuration, keyId) || clock.UtcNow - _lastForced < Options.RefreshInterval)
        {
            return configuration;
        }

        return await FetchAsync(configuration, force: true, cancellationToken);
    }

    private static bool HasKey(OpenIdConnectConfiguration configuration, string keyId) =>
        configuration.SigningKeys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));

    private async Task<OpenIdConnectConfiguration> FetchAsync(OpenIdConnectConfiguration? seen, bool force, CancellationToken cancellationToken)
    {
        ThrowIfRecentlyFailed();
        await _fetching.WaitAsync(cancellationToken);
        try
        {
            // Another caller fetched while this one waited: use theirs.
            if (!ReferenceEquals(_current, seen) && _current is not null)
            {
                return _current;
            }

            // Another caller's fetch failed while this one waited: no second try within the interval.
            ThrowIfRecentlyFailed();

            if (force)
            {
                if (clock.UtcNow - _lastForced < Options.RefreshInterval && _current is not null)
                {
                    return _current;
                }

                _lastForced = clock.UtcNow;
            }

            OpenIdConnectConfiguration configuration;
            try
            {
                var retriever = new HttpDocumentRetriever(http) { RequireHttps = Options.RequireHttpsMetadata };
                configuration = await OpenIdConnectConfigurationRetriever.GetAsync(MetadataAddress, retriever, cancellationToken);
            }
            catch (Exception) when (_current is not null && !cancellationToken.IsCancellationRequested)
            {
                // The provider is unreachable: its last keys stay in use, and the next try waits a refresh interval.
                _fetchedAt = clock.UtcNow - Options.MetadataLifetime + Options.RefreshInterval;
                return _current;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // No keys at all yet: the failure is remembered for a refresh interval, so requests meanwhile are answered
                // at once instead of queueing behind one slow fetch after another.
                _failed = (clock.UtcNow, e);
                throw new ProviderUnavailableException(Name, e);
            }

            if (!string.Equals(configuration.Issuer?.TrimEnd('/'), Issuer, StringComparison.Ordinal))
            {
                // A discovery document for another issuer is a misconfiguration (or a spoof): its keys must not be trusted for this one.
                throw new SecurityTokenInvalidIssuerException($"The discovery document of provider '{Name}' names issuer '{configuration.Issuer}', not '{Issuer}'.");
            }

            _current = configuration;
            _fetchedAt = clock.UtcNow;
            _failed = null;
            return configuration;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private void ThrowIfRecentlyFailed()
    {
        if (_current is null && _failed is { } failed && clock.UtcNow - failed.At < Options.RefreshInterval)
        {
            throw new ProviderUnavailableException(Name, failed.Error);
        }
    }
}

/// <summary>A provider's discovery document or keys could not be fetched and none are cached: its tokens cannot be checked now.</summary>
public sealed class ProviderUnavailableException(string provider, Exception cause)
    : Exception($"Identity provider '{provider}' is unreachable.", cause);
