using Engage.Application.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Hosting;

/// <summary>
/// The one service registration of the Functions app, shared by the Functions host (<c>Program.cs</c>) and the
/// local runner, so both serve the same function classes with the same dependencies.
/// </summary>
public static class FunctionServices
{
    /// <summary>Registers the application layer and what the function classes need.</summary>
    public static IServiceCollection AddEngageFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEngageApplication(configuration);
        services.AddSingleton<Http.HttpApi>();
        services.AddSingleton<Http.VisitorHttp>();
        services.AddSingleton(new Application.Contract.OpenApiDocumentService(Http.ContractFile.Source()));
        return services;
    }
}
