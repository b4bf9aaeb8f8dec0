/** The bootstrap admin key (SPEC 3.4): `npx sst secret set AdminKey <key> --stage <name>`. */
export const adminKey = new sst.Secret("AdminKey");
