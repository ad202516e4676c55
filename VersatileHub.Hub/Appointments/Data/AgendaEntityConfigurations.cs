using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Hub.Appointments.Domain;

namespace VersatileHub.Hub.Appointments.Data;

internal sealed class BookableResourceConfiguration : IEntityTypeConfiguration<BookableResource>
{
    public void Configure(EntityTypeBuilder<BookableResource> builder)
    {
        builder.ToTable("bookable_resources");
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class BookableServiceConfiguration : IEntityTypeConfiguration<BookableService>
{
    public void Configure(EntityTypeBuilder<BookableService> builder)
    {
        builder.ToTable("bookable_services");
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Price).HasPrecision(18, 2);
    }
}

internal sealed class WorkingPeriodConfiguration : IEntityTypeConfiguration<WorkingPeriod>
{
    public void Configure(EntityTypeBuilder<WorkingPeriod> builder)
    {
        builder.ToTable("working_periods");
        builder.HasOne<BookableResource>().WithMany().HasForeignKey(p => p.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.ResourceId, p.Day });
    }
}

internal sealed class ClosedDayConfiguration : IEntityTypeConfiguration<ClosedDay>
{
    public void Configure(EntityTypeBuilder<ClosedDay> builder)
    {
        builder.ToTable("closed_days");
        builder.Property(d => d.Reason).HasMaxLength(200);
        builder.HasOne<BookableResource>().WithMany().HasForeignKey(d => d.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.TenantId, d.Date });
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    /// <summary>Written by the migration with SQL: EF Core cannot declare exclusion constraints.</summary>
    public const string NoOverlapConstraint = "appointments_no_overlap";

    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("appointments");
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.CustomerName).HasMaxLength(200);
        builder.Property(a => a.CustomerPhone).HasMaxLength(32);
        builder.Property(a => a.CancellationReason).HasMaxLength(500);
        builder.Property(a => a.Version).IsRowVersion();
        builder.HasOne<BookableService>().WithMany().HasForeignKey(a => a.ServiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BookableResource>().WithMany().HasForeignKey(a => a.ResourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.TenantId, a.Start });
        builder.HasIndex(a => new { a.ResourceId, a.Start });
    }
}
