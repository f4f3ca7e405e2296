using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.Errors;

/// <summary>Applies the product's <see cref="IClientErrors"/>, if it registered one, where a field refuses an argument.</summary>
internal static class ClientErrors
{
    // Looked up only once an argument was refused: the fields that throw pay nothing while their arguments are fine.
    public static Exception Reported(IServiceProvider? services, InvalidArgumentException error) =>
        services?.GetService<IClientErrors>()?.InvalidArgument(error) ?? error;

    public static Exception Reported(IServiceProvider? services, InvalidGlobalIdException error) =>
        services?.GetService<IClientErrors>()?.InvalidGlobalId(error) ?? error;
}
