using Azure.Core;
using Azure.Core.Pipeline;

namespace Engage.Application.Diagnostics;

/// <summary>
/// An Azure SDK pipeline policy that classifies each Table or Queue request and counts it on the current
/// <see cref="OperationScope"/>. Added per retry so that a retried request counts every time it is sent,
/// as the service bills it.
/// </summary>
public sealed class OperationCountingPolicy(bool queue) : HttpPipelineSynchronousPolicy
{
    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var scope = OperationScope.Current;
        if (scope is null) return;
        scope.Count(queue ? StorageOperationKind.QueueOperation : Classify(message.Request));
    }

    /// <summary>Classifies a Table service request by its method and path.</summary>
    public static StorageOperationKind Classify(Request request)
    {
        if (request.Method != RequestMethod.Get) return StorageOperationKind.TableWrite;
        var path = request.Uri.Path;
        // A point read addresses one entity: /Table(PartitionKey='..',RowKey='..').
        return path.Contains("RowKey=", StringComparison.Ordinal) || path.Contains("RowKey%3D", StringComparison.OrdinalIgnoreCase)
            ? StorageOperationKind.TableRead
            : StorageOperationKind.TableQuery;
    }
}
