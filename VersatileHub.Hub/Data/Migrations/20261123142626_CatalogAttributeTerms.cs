using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VersatileHub.Hub.Data.Migrations
{
    /// <inheritdoc />
    public partial class CatalogAttributeTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(VersatileHub.Hub.Catalog.CatalogSearchSql.AttributeTerms);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(VersatileHub.Hub.Catalog.CatalogSearchSql.DropAttributeTerms);
        }
    }
}
