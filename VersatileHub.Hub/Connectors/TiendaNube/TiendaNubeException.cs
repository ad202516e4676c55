namespace VersatileHub.Hub.Connectors.TiendaNube;

/// <summary>Why a call to a Tienda Nube store gave no answer the Hub can use.</summary>
internal enum StoreFailure
{
    /// <summary>The store refused the access token (401), or the connector's settings cannot be used.</summary>
    Unauthorized,

    /// <summary>The store asked to slow down (429) for longer than the Hub waits.</summary>
    RateLimited,

    /// <summary>The store did not answer within the configured time.</summary>
    Timeout,

    /// <summary>The store answered with an error, or with something that is not what its API documents.</summary>
    Failed,
}

/// <summary>A call to a tenant's Tienda Nube store that failed; its message says what to do, in Spanish and English.</summary>
internal sealed class TiendaNubeException(StoreFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public StoreFailure Failure { get; } = failure;

    /// <summary>For <see cref="StoreFailure.RateLimited"/>: when the store accepts calls again, if it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
