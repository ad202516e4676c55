using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace VersatileHub.Agent.Knowledge;

internal sealed class KnowledgeDocumentConfiguration : IEntityTypeConfiguration<KnowledgeDocument>
{
    public void Configure(EntityTypeBuilder<KnowledgeDocument> builder)
    {
        builder.ToTable("knowledge_documents");
        builder.Property(d => d.Title).HasMaxLength(KnowledgeDocument.MaxTitleLength);
        builder.Property(d => d.FileName).HasMaxLength(KnowledgeDocument.MaxFileNameLength);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasMany(d => d.Passages).WithOne(p => p.Document).HasForeignKey(p => p.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Passages).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class KnowledgePassageConfiguration : IEntityTypeConfiguration<KnowledgePassage>
{
    public void Configure(EntityTypeBuilder<KnowledgePassage> builder)
    {
        builder.ToTable("knowledge_passages");
        builder.HasIndex(p => new { p.DocumentId, p.Ordinal }).IsUnique();
        builder.Property<NpgsqlTsVector>(KnowledgeSearchSql.SearchVector)
            .HasComputedColumnSql(KnowledgeSearchSql.SearchVectorExpression, stored: true);
        builder.HasIndex(KnowledgeSearchSql.SearchVector).HasMethod("gin");
    }
}
