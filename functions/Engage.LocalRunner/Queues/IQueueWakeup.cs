namespace Engage.LocalRunner.Queues;

/// <summary>
/// Lets code in the runner's process wake a queue's listener at once instead of waiting for its next poll, as the
/// Functions host's <c>SharedQueueWatcher</c> does after an output binding enqueues. Optional for correctness.
/// </summary>
public interface IQueueWakeup
{
    /// <summary>Makes every listener of <paramref name="queueName"/> poll now. Unknown queues are ignored.</summary>
    void Wake(string queueName);
}
