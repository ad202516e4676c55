using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Hub.Connectors.TiendaNube;

/// <summary>How the Hub talks to Tienda Nube stores (section <c>Connectors:TiendaNube</c>); the store id and token are per tenant.</summary>
internal sealed class TiendaNubeOptions
{
    public const string Section = "Connectors:TiendaNube";

    /// <summary>Tienda Nube refuses requests without a User-Agent naming the app and a contact: <c>AppName (email or URL)</c>.</summary>
    [Required, RegularExpression(@"^\S.*\(\S+\)$", ErrorMessage = "The User-Agent must read 'AppName (contact email or URL)'.")]
    public string UserAgent { get; set; } = "VersatileHub (https://github.com/versatilehub)";

    /// <summary>The longest a call to the store may take, reading included; an agent waiting on a reply cannot wait longer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A rate-limited call is retried once when the store asks to wait at most this long; longer waits are reported.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a page of products, a search or a product read from the store is reused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ProductsCacheTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an order read from the store is reused: short, a customer asks because its status changes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan OrderCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the store's own settings (main language, currency, country) are reused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StoreCacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Prefix of the Redis keys of cached reads.</summary>
    [Required]
    public string CacheKeyPrefix { get; set; } = "vh:tiendanube:";
}
