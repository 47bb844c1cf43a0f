using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.PostgreSQL.Migrations
{
    /// <summary>
    /// The <c>data_version</c> row and the statement triggers that count it up on every write to a table the API reads
    /// (not the audit log or the job history), in the writing transaction. The API's response cache polls it to follow
    /// changes made by any process. The trigger runs before its statement, so a transaction takes this row's lock
    /// before any row lock of its own: writers queue on it in one order and cannot deadlock through it.
    /// </summary>
    internal partial class DataVersion : Migration
    {
        internal static readonly string[] Tables =
        [
            "validators", "validator_observations", "validator_epoch_stats", "epochs", "scoring_runs", "trust_scores", "users", "stake_accounts",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE data_version (
                    id smallint PRIMARY KEY CHECK (id = 1),
                    version bigint NOT NULL
                );
                INSERT INTO data_version (id, version) VALUES (1, 0);
                CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE data_version SET version = version + 1 WHERE id = 1;
                    RETURN NULL;
                END
                $$;
                """);
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"CREATE TRIGGER {table}_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"DROP TRIGGER {table}_data_version ON {table};");
            }

            migrationBuilder.Sql("DROP FUNCTION bump_data_version(); DROP TABLE data_version;");
        }
    }
}
