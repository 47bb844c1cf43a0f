using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.Sqlite.Migrations
{
    /// <summary>The PostgreSQL model's fillfactor of <c>validators</c> changed (see its migration); nothing to do on SQLite.</summary>
    internal partial class ValidatorsFillfactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The fillfactor is PostgreSQL's (a storage parameter); SQLite has nothing to change.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The fillfactor is PostgreSQL's (a storage parameter); SQLite has nothing to change.
        }
    }
}
