using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VersatileHub.Chat.Notifications;

internal sealed class SmtpSettingsConfiguration : IEntityTypeConfiguration<SmtpSettings>
{
    public void Configure(EntityTypeBuilder<SmtpSettings> builder)
    {
        builder.ToTable("smtp_settings");
        builder.HasKey(s => s.AccountId);
        builder.Property(s => s.AccountId).ValueGeneratedNever();
        builder.Property(s => s.Host).HasMaxLength(SmtpSettings.MaxHostLength);
        builder.Property(s => s.TlsMode).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.UserName).HasMaxLength(SmtpSettings.MaxAddressLength);
        builder.Property(s => s.FromAddress).HasMaxLength(SmtpSettings.MaxAddressLength);
        builder.Property(s => s.HandoffAddress).HasMaxLength(SmtpSettings.MaxAddressLength);
    }
}

internal sealed class HandoffEmailConfiguration : IEntityTypeConfiguration<HandoffEmail>
{
    public void Configure(EntityTypeBuilder<HandoffEmail> builder)
    {
        builder.ToTable("handoff_emails");
        builder.Property(e => e.Recipient).HasMaxLength(SmtpSettings.MaxAddressLength);
        builder.Property(e => e.Subject).HasMaxLength(500);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.LastError).HasMaxLength(HandoffEmail.MaxErrorLength);
        builder.HasIndex(e => new { e.AccountId, e.SourceEventId }).IsUnique();
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
    }
}
