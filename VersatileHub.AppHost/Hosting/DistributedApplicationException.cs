namespace VersatileHub.AppHost.Hosting;

/// <summary>The application cannot run; the message says why and what to do, for the person at the console.</summary>
internal sealed class DistributedApplicationException : Exception
{
    public DistributedApplicationException()
    {
    }

    public DistributedApplicationException(string message)
        : base(message)
    {
    }

    public DistributedApplicationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
