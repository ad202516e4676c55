using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VersatileHub.Hub.Data.Migrations
{
    /// <inheritdoc />
    public partial class CatalogSearchSerialScans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(VersatileHub.Hub.Catalog.CatalogSearchSql.SerialScans);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(VersatileHub.Hub.Catalog.CatalogSearchSql.DropSerialScans);
        }
    }
}
