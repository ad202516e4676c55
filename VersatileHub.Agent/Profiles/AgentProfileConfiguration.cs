using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.ServiceDefaults.Data;

namespace VersatileHub.Agent.Profiles;

internal sealed class AgentProfileConfiguration : IEntityTypeConfiguration<AgentProfile>
{
    public void Configure(EntityTypeBuilder<AgentProfile> builder)
    {
        builder.ToTable("agent_profiles");
        builder.PrimitiveCollection(p => p.EnabledTools).Metadata.SetValueComparer(StringListComparer.Instance);
        builder.PrimitiveCollection(p => p.HandoffRules).Metadata.SetValueComparer(StringListComparer.Instance);
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Name).HasMaxLength(AgentProfile.MaxNameLength);
        builder.Property(p => p.Endpoint).HasMaxLength(AgentProfile.MaxEndpointLength);
        builder.Property(p => p.Model).HasMaxLength(AgentProfile.MaxModelLength);
        builder.Property(p => p.Persona).HasMaxLength(AgentProfile.MaxPersonaLength);
        builder.Property(p => p.SystemPrompt).HasMaxLength(AgentProfile.MaxSystemPromptLength);
        builder.Property(p => p.Language).HasMaxLength(2);
        builder.Property(p => p.BusinessHours).HasMaxLength(AgentProfile.MaxBusinessHoursLength);
        builder.Ignore(p => p.HasApiKey);
        // One primary and at most one fallback per tenant.
        builder.HasIndex(p => new { p.TenantId, p.Role }).IsUnique();
    }
}
