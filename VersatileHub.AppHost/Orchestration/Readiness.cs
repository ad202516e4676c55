using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

internal static class Readiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls <paramref name="probe"/> until it passes; fails when the process exits or <paramref name="timeout"/> passes first.</summary>
    public static async Task WaitUntilAsync(
        ResourceProcess process, string check, Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new DistributedApplicationException(
                    $"'{process.Resource.Name}' exited with code {await process.Exited} while starting; its output is above.");
            }

            if (await PassesAsync(probe, cancellationToken))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DistributedApplicationException(
                    $"'{process.Resource.Name}' was not healthy within {timeout.TotalSeconds:0} s ({check}); its output is above. " +
                    "A slow machine may need a longer AppHost__StartTimeout.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task<bool> PassesAsync(Func<CancellationToken, Task<bool>> probe, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            return await probe(attempt.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Refused connections, timeouts and the like: not ready yet.
            return false;
        }
    }
}
