using System.Text.Json;
using System.Text.Json.Serialization;
using DqPlatform.Domain.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.QueryData;

public sealed class SavedQueryConfiguration : IEntityTypeConfiguration<SavedQuery>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    public void Configure(EntityTypeBuilder<SavedQuery> b)
    {
        b.ToTable("saved_queries");
        b.Property(q => q.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(q => q.Visibility).HasDefaultValue(QueryVisibility.Private);
        b.Property(q => q.CreatedAt).HasDefaultValueSql("now()");
        b.Property(q => q.UpdatedAt).HasDefaultValueSql("now()");
        b.Property(q => q.Parameters).HasColumnType("jsonb").HasDefaultValueSql("'[]'::jsonb")
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<QueryParameter>>(v, Json) ?? new List<QueryParameter>(),
                new ValueComparer<List<QueryParameter>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
        b.HasIndex(q => q.OrgId).HasDatabaseName("idx_saved_queries_org");
        b.HasIndex(q => q.WorkspaceId).HasDatabaseName("idx_saved_queries_workspace");
    }
}
