using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Engage.LocalRunner.Discovery;

/// <summary>
/// Finds every <c>[Function]</c> method of an assembly by reflection and reads its trigger attribute, so a new
/// function is served without a second registration. Methods with other triggers are reported, not served.
/// </summary>
internal static partial class FunctionDiscovery
{
    /// <summary>
    /// Discovers the functions; <paramref name="routePrefix"/> is host.json's <c>extensions.http.routePrefix</c>.
    /// Functions that cannot be served are added to <paramref name="skipped"/> with the reason.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two functions share a name, a setting is missing, or a queue name is invalid.</exception>
    public static IReadOnlyList<FunctionDescriptor> Discover(Assembly assembly, IConfiguration configuration, string routePrefix, ICollection<string> skipped)
    {
        var found = new List<FunctionDescriptor>();
        foreach (var method in LoadableTypes(assembly).SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function) continue;
            var descriptor = Describe(function.Name, method, configuration, routePrefix);
            if (descriptor is null)
            {
                skipped.Add($"Function {function.Name} ({EntryPoint(method)}) has no HTTP, queue or timer trigger; the local runner does not serve it.");
                continue;
            }
            if (found.Any(f => string.Equals(f.Name, descriptor.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"Two functions are named '{descriptor.Name}'.");
            }
            found.Add(descriptor);
        }
        return found.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static FunctionDescriptor? Describe(string name, MethodInfo method, IConfiguration configuration, string routePrefix)
    {
        foreach (var parameter in method.GetParameters())
        {
            var entryPoint = EntryPoint(method);
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                var methods = http.Methods is { Length: > 0 } m ? m.Select(x => x.ToUpperInvariant()).ToArray() : null;
                var route = string.Join('/', new[] { routePrefix.Trim('/'), (http.Route ?? name).Trim('/') }.Where(s => s.Length > 0));
                return new(new ServedFunction(name, ServedFunction.HttpTrigger, entryPoint) { Route = route, Methods = methods }, method, parameter);
            }
            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                var queueName = SettingResolver.Resolve(queue.QueueName, configuration, name).ToLowerInvariant();
                if (!QueueName().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Function '{name}': '{queueName}' is not a valid queue name (3-63 lowercase letters, digits and single hyphens).");
                }
                var connection = string.IsNullOrEmpty(queue.Connection) ? "AzureWebJobsStorage" : queue.Connection;
                return new(new ServedFunction(name, ServedFunction.QueueTrigger, entryPoint) { Queue = queueName, Connection = connection }, method, parameter);
            }
            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                var schedule = SettingResolver.Resolve(timer.Schedule, configuration, name);
                return new(new ServedFunction(name, ServedFunction.TimerTrigger, entryPoint) { Schedule = schedule, RunOnStartup = timer.RunOnStartup }, method, parameter);
            }
        }
        return null;
    }

    private static string EntryPoint(MethodInfo method) => $"{method.DeclaringType!.FullName}.{method.Name}";

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueName();
}
