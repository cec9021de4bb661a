data "genesysauth_role" "supervisor" {
  name = "supervisor"
}

output "supervisor_role_id" {
  value = data.genesysauth_role.supervisor.id
}
