using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace DqPlatform.Api.Hosting;

public static class ResponseCompression
{
    /// <summary>
    /// GraphQL answers are compressed with brotli or gzip when the client accepts it (browsers always do): JSON of
    /// repeated keys shrinks to a fraction. The fastest levels, because the CPU is the API's scarcest resource.
    /// Keys travel in a header, never in a cookie, so a cross-site page cannot make a browser send authenticated
    /// requests whose compressed sizes would betray a secret (BREACH).
    /// </summary>
    public static IServiceCollection AddDqpResponseCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["application/json", "application/graphql-response+json"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}
