using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Hub.Identity.Domain;

namespace VersatileHub.Hub.Identity.Data;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> tenant)
    {
        tenant.ToTable("tenants");
        tenant.Property(t => t.Name).HasMaxLength(Tenant.MaxNameLength);
        tenant.Property(t => t.Slug).HasMaxLength(Tenant.MaxNameLength);
        tenant.Property(t => t.TimeZone).HasMaxLength(64);
        tenant.HasIndex(t => t.Slug).IsUnique();
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> membership)
    {
        membership.ToTable("memberships");
        membership.HasKey(m => new { m.TenantId, m.UserId });
        membership.Property(m => m.Role).HasMaxLength(16);
        membership.HasOne(m => m.Tenant).WithMany().HasForeignKey(m => m.TenantId);
        membership.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
        membership.HasIndex(m => m.UserId);
    }
}

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> token)
    {
        token.ToTable("access_tokens");
        token.Property(t => t.Name).HasMaxLength(AccessToken.MaxNameLength);
        token.Property(t => t.BotName).HasMaxLength(AccessToken.MaxNameLength);
        token.Property(t => t.Role).HasMaxLength(16);
        token.Property(t => t.Hint).HasMaxLength(4);
        token.HasIndex(t => t.SecretHash).IsUnique();
        token.HasOne<HubUser>().WithMany().HasForeignKey(t => t.UserId);
        token.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId);
    }
}

/// <summary>ASP.NET Core Identity's user tables, mapped here because HubDbContext is a plain DbContext (no roles: they live on memberships).</summary>
internal sealed class HubUserConfiguration : IEntityTypeConfiguration<HubUser>
{
    public void Configure(EntityTypeBuilder<HubUser> user)
    {
        user.ToTable("users");
        user.HasIndex(u => u.NormalizedUserName).IsUnique();
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
        user.Property(u => u.ConcurrencyStamp).IsConcurrencyToken();
        user.Property(u => u.UserName).HasMaxLength(256);
        user.Property(u => u.NormalizedUserName).HasMaxLength(256);
        user.Property(u => u.Email).HasMaxLength(256);
        user.Property(u => u.NormalizedEmail).HasMaxLength(256);
        user.Property(u => u.PhoneNumber).HasMaxLength(32);
    }
}

internal sealed class UserClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<int>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<int>> claim)
    {
        claim.ToTable("user_claims");
        claim.HasOne<HubUser>().WithMany().HasForeignKey(c => c.UserId).IsRequired();
    }
}

internal sealed class UserLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<int>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<int>> login)
    {
        login.ToTable("user_logins");
        login.HasKey(l => new { l.LoginProvider, l.ProviderKey });
        login.Property(l => l.LoginProvider).HasMaxLength(128);
        login.Property(l => l.ProviderKey).HasMaxLength(128);
        login.HasOne<HubUser>().WithMany().HasForeignKey(l => l.UserId).IsRequired();
    }
}

internal sealed class UserTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<int>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<int>> token)
    {
        token.ToTable("user_tokens");
        token.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
        token.Property(t => t.LoginProvider).HasMaxLength(128);
        token.Property(t => t.Name).HasMaxLength(128);
        token.HasOne<HubUser>().WithMany().HasForeignKey(t => t.UserId).IsRequired();
    }
}
