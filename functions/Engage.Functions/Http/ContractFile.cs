using System.Reflection;
using Engage.Application.Contract;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Http;

/// <summary>
/// The contract this app answers to, as shipped with it: <c>openapi/openapi.yaml</c> (a copy of
/// <c>shared/engage-api/openapi.yaml</c>, MIT, <c>LICENSE.openapi</c> beside it), embedded in this assembly so the
/// Functions host and the local runner find it without a content path. Also the operations this assembly serves,
/// read from its <c>[HttpTrigger]</c> attributes.
/// </summary>
public static class ContractFile
{
    /// <summary>The manifest resource name of <c>openapi.yaml</c>.</summary>
    public const string ResourceName = "Engage.Functions.openapi.yaml";

    /// <summary>Opens the embedded <c>openapi.yaml</c>; the caller disposes it.</summary>
    public static Stream Open() =>
        typeof(ContractFile).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");

    /// <summary>
    /// Every operation under <c>/1.0</c> that a <c>[Function]</c> of <paramref name="assembly"/> serves, from its
    /// <c>[HttpTrigger]</c> methods and route; routes outside <c>1.0/</c> (the Send API) are left out.
    /// </summary>
    public static IReadOnlyList<ApiOperation> ImplementedOperations(Assembly assembly) =>
        (from type in assembly.GetTypes()
         from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
         where method.GetCustomAttribute<FunctionAttribute>() is not null
         from parameter in method.GetParameters()
         let trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>()
         where trigger?.Route is not null
         from verb in trigger.Methods ?? []
         let operation = ApiOperation.FromRoute(verb, trigger.Route!)
         where operation is not null
         select operation).Distinct().ToList();

    /// <summary>What <see cref="OpenApiDocumentService"/> needs: this file and this assembly's operations.</summary>
    public static ContractSource Source() => new(Open, ImplementedOperations(typeof(ContractFile).Assembly));
}
