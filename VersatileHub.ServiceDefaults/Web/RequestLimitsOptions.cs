using System.ComponentModel.DataAnnotations;

namespace VersatileHub.ServiceDefaults.Web;

/// <summary>Limits every service applies to incoming requests; endpoints that take uploads raise theirs explicitly.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "RequestLimits";

    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;
}
