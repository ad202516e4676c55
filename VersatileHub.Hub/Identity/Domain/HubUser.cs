using Microsoft.AspNetCore.Identity;

namespace VersatileHub.Hub.Identity.Domain;

/// <summary>A person who signs in to the suite; what they may do is decided per tenant by their <see cref="Membership"/>s.</summary>
internal sealed class HubUser : IdentityUser<int>
{
    public DateTimeOffset CreatedAt { get; set; }

    public static HubUser WithEmail(string email, DateTimeOffset now) => new()
    {
        UserName = email,
        Email = email,
        CreatedAt = now,
        SecurityStamp = Guid.NewGuid().ToString("N"),
    };
}
