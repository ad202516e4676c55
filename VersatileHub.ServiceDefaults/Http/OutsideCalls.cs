namespace Microsoft.Extensions.DependencyInjection;

public static class OutsideCalls
{
    /// <summary>
    /// A client for calls outside the suite (an ERP, a store, a customer's webhook receiver) that bounds its own time and
    /// decides its own retries: the service defaults' standard resilience handler (retries within a 30 s budget) is taken
    /// off, because a user or an agent's customer waits on these calls and a repeated write could act twice.
    /// </summary>
    public static IHttpClientBuilder WithoutDefaultResilience(this IHttpClientBuilder http)
    {
        // The one place the suite uses this API, which Microsoft.Extensions.Http.Resilience still marks experimental.
#pragma warning disable EXTEXP0001
        return http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
