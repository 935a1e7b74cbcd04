using System.Reflection;
using System.Runtime.Loader;
using Azure.Storage.Queues.Models;
using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Queues;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>
/// The runtime fills a method's parameter cache without a lock: two threads that read a fresh method's parameters at
/// once can each get their own <see cref="ParameterInfo"/> objects, and only one set is handed out afterwards. When
/// two hosts discovered the functions at once, the trigger parameter one kept was such an orphan, and every message of
/// that queue reached the function as null (seen in CI as replies stuck pending after a runner restart).
/// </summary>
public sealed class QueueTriggerBindingRaceTests
{
    [Fact]
    public void A_queue_function_gets_its_message_when_discovery_kept_a_parameter_object_the_runtime_no_longer_hands_out()
    {
        var (method, orphan) = OrphanedTriggerParameter();
        var function = new FunctionDescriptor(new ServedFunction("PostOutbound", ServedFunction.QueueTrigger, "PostOutbound.Run"), method, orphan);
        var body = BinaryData.FromString("""{"PartitionKey":"t","RowKey":"r"}""");
        var message = QueuesModelFactory.QueueMessage("id-1", "receipt", body, 2, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7));

        var arguments = QueueArgumentBinder.Bind(function, message, body, QueueArgumentBinder.BindingData(message, body), null!, CancellationToken.None);

        Assert.Equal(body.ToString(), arguments[0]);
    }

    // Loads Engage.Functions afresh (a new load context gives new, uncached method objects) until two threads reading
    // PostOutbound.Run's parameters at once get different objects for the message, and returns the one the runtime dropped.
    private static (MethodInfo Method, ParameterInfo Orphan) OrphanedTriggerParameter()
    {
        var path = typeof(Engage.Functions.Functions.PostOutbound).Assembly.Location;
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            var context = new AssemblyLoadContext($"race-{attempt}", isCollectible: true);
            var method = context.LoadFromAssemblyPath(path).GetType(typeof(Engage.Functions.Functions.PostOutbound).FullName!)!.GetMethod("Run")!;
            using var start = new ManualResetEventSlim();
            var seen = new ParameterInfo[2];
            var readers = Enumerable.Range(0, 2).Select(i => new Thread(() =>
            {
                start.Wait();
                seen[i] = method.GetParameters()[0];
            })).ToList();
            readers.ForEach(r => r.Start());
            start.Set();
            readers.ForEach(r => r.Join());
            var kept = method.GetParameters()[0];
            if (seen.FirstOrDefault(p => !ReferenceEquals(p, kept)) is { } orphan) return (method, orphan);
            context.Unload();
        }
        throw new InvalidOperationException("The parameter cache race did not happen in 2000 tries; the runtime may now cache under a lock.");
    }
}
