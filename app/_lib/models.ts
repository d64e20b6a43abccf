/** French names of the reference schema's models, for the dashboard, the preview and the report. */
export const MODEL_LABELS: Readonly<Record<string, string>> = {
  CompanySettings: "Paramètres de l'entreprise",
  User: "Utilisateurs",
  Category: "Catégories",
  Supplier: "Fournisseurs",
  Product: "Produits",
  Customer: "Clients",
  Sale: "Ventes",
  SaleLine: "Lignes de vente",
  Invoice: "Factures",
  Quote: "Devis",
  QuoteLine: "Lignes de devis",
};

export function modelLabel(model: string): string {
  return MODEL_LABELS[model] ?? model;
}

/** French names of the merge phases that the import's progress events report. */
export const PHASE_LABELS: Readonly<Record<string, string>> = {
  read: "Lecture du fichier",
  validate: "Vérification des enregistrements",
  analyse: "Comparaison avec vos données",
  backup: "Sauvegarde de sécurité avant import",
  write: "Écriture des données",
  links: "Liens entre enregistrements",
  done: "Terminé",
};

/** French names of the reference schema's enum values, for conflicts shown to the owner. */
export const ENUM_LABELS: Readonly<Record<string, string>> = {
  ADMIN: "Administrateur",
  MANAGER: "Responsable",
  CASHIER: "Caissier",
  CASH: "Espèces",
  CARD: "Carte",
  TRANSFER: "Virement",
  CHECK: "Chèque",
  DRAFT: "Brouillon",
  ISSUED: "Émise",
  PAID: "Payée",
  CANCELLED: "Annulée",
  SENT: "Envoyé",
  ACCEPTED: "Accepté",
  REJECTED: "Refusé",
};
