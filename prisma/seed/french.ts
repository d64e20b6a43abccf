/**
 * Word lists for the demo data of "Alami Gestion": an épicerie fine in Lyon that also sells
 * drinks, household goods and gift boxes to private and professional customers.
 */

export const firstNames = [
  "Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Emma", "Sarah", "Zoé",
  "Anaïs", "Élodie", "Mathilde", "Clémence", "Margaux", "Océane", "Yasmine", "Amira", "Fatima", "Nadia",
  "Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Jules", "Raphaël", "Nathan", "Théo", "Mathis",
  "Karim", "Mehdi", "Youssef", "Rayan", "Antoine", "Étienne", "François", "Jérôme", "Benoît", "Cédric",
  "Sébastien", "Grégoire", "Loïc", "Noël", "Aurélien", "Thierry", "Pascal", "Hélène", "Françoise", "Agnès",
] as const;

export const lastNames = [
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
  "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
  "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
  "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
  "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
  "Benali", "Haddad", "Mansouri", "Nguyen", "Da Silva", "Ferreira", "Kovač", "O'Neill", "Le Gall", "Saint-Martin",
] as const;

export const streetTypes = ["rue", "avenue", "boulevard", "place", "quai", "impasse", "chemin", "cours"] as const;

export const streetNames = [
  "de la République", "Victor Hugo", "des Lilas", "du Président Herriot", "Jean Jaurès", "de la Charité",
  "Mercière", "Saint-Jean", "des Tanneurs", "du Plat", "Garibaldi", "Paul Bert", "de Marseille",
  "Sully", "Vauban", "Duguesclin", "de Créqui", "des Capucins", "Sainte-Catherine", "d'Algérie",
  "Lamartine", "Pasteur", "des Écoles", "du Moulin", "de l'Église", "Gambetta", "Émile Zola",
] as const;

/** Cities with their postcode (Lyon and the surrounding region, a few further away). */
export const cities = [
  ["Lyon", "69001"], ["Lyon", "69002"], ["Lyon", "69003"], ["Lyon", "69004"], ["Lyon", "69006"],
  ["Lyon", "69007"], ["Villeurbanne", "69100"], ["Vénissieux", "69200"], ["Caluire-et-Cuire", "69300"],
  ["Bron", "69500"], ["Écully", "69130"], ["Tassin-la-Demi-Lune", "69160"], ["Oullins", "69600"],
  ["Saint-Étienne", "42000"], ["Grenoble", "38000"], ["Villefranche-sur-Saône", "69400"],
  ["Bourg-en-Bresse", "01000"], ["Annecy", "74000"], ["Chambéry", "73000"], ["Mâcon", "71000"],
] as const;

export const companyForms = ["SARL", "SAS", "EURL", "SA", "SNC"] as const;

export const businessWords = [
  "Boulangerie", "Restaurant", "Traiteur", "Hôtel", "Café", "Bistrot", "Cave", "Fromagerie",
  "Comité d'entreprise", "Association", "Mairie", "Crèche", "École", "Cabinet", "Agence",
] as const;

export const supplierNames = [
  "Moulins Giraud", "Conserverie Roux", "Huilerie de Provence", "Domaine des Coteaux", "Maison Bonnet",
  "Brasserie du Rhône", "Fromagerie des Alpes", "Savonnerie de Marseille", "Confiturerie Lambert",
  "Chocolaterie Morel", "Distillerie Fournier", "Biscuiterie Mercier", "Torréfaction Dubois",
  "Salaisons d'Auvergne", "Vergers du Pilat", "Coopérative de Die", "Rucher de la Dombes",
  "Épices du Monde", "Verrerie Lyonnaise", "Papeterie Garnier", "Laiterie Perrin", "Pâtes Fontaine",
] as const;

export interface CategoryNode {
  readonly name: string;
  /** Short code used in product SKUs. */
  readonly code: string;
  readonly children?: readonly CategoryNode[];
  /** Product base names (leaf categories, or categories that hold products directly). */
  readonly products?: readonly string[];
  /** Sizes or packagings offered, each with a price factor. */
  readonly sizes?: readonly (readonly [string, number])[];
  /** Typical price range in euros for the smallest size. */
  readonly price?: readonly [number, number];
}

const bottle = [["75 cl", 1], ["Magnum 1,5 l", 2.2], ["37,5 cl", 0.55]] as const;
const jar = [["250 g", 1], ["370 g", 1.35], ["1 kg", 3.2]] as const;
const pack = [["unité", 1], ["lot de 3", 2.7], ["lot de 6", 5.1]] as const;

/** The category tree: three levels at most, parents before children when walked in order. */
export const catalogue: readonly CategoryNode[] = [
  {
    name: "Épicerie salée", code: "SAL",
    children: [
      {
        name: "Conserves", code: "CON",
        children: [
          { name: "Légumes", code: "LEG", products: ["Haricots verts extra-fins", "Petits pois à l'étuvée", "Ratatouille niçoise", "Cœurs d'artichaut", "Tomates pelées"], sizes: jar, price: [1.8, 4.5] },
          { name: "Poissons", code: "POI", products: ["Sardines à l'huile d'olive", "Thon albacore au naturel", "Maquereaux au vin blanc", "Rillettes de saumon", "Anchois de Collioure"], sizes: pack, price: [2.9, 8.9] },
        ],
      },
      { name: "Pâtes & riz", code: "PAT", products: ["Tagliatelles aux œufs frais", "Riz de Camargue", "Coquillettes", "Lentilles vertes du Puy", "Quinoa bio"], sizes: [["500 g", 1], ["1 kg", 1.8], ["5 kg", 8]], price: [1.5, 5.5] },
      { name: "Huiles & vinaigres", code: "HUI", products: ["Huile d'olive vierge extra", "Huile de noix", "Vinaigre balsamique de Modène", "Vinaigre de cidre", "Huile de colza"], sizes: [["50 cl", 1], ["1 l", 1.8], ["5 l", 8.5]], price: [3.5, 18] },
      { name: "Épices", code: "EPI", products: ["Piment d'Espelette AOP", "Ras el-hanout", "Poivre de Kampot", "Safran en filaments", "Herbes de Provence"], sizes: [["pot 40 g", 1], ["sachet 100 g", 2.1]], price: [2.5, 14] },
    ],
  },
  {
    name: "Épicerie sucrée", code: "SUC",
    children: [
      { name: "Confitures & miels", code: "CFM", products: ["Confiture d'abricot", "Miel de lavande", "Pâte à tartiner noisette", "Confiture de figues", "Miel de châtaignier"], sizes: jar, price: [3.2, 9.8] },
      { name: "Biscuits", code: "BIS", products: ["Sablés bretons", "Navettes de Marseille", "Calissons d'Aix", "Madeleines pur beurre", "Croquants aux amandes"], sizes: [["boîte 150 g", 1], ["boîte 400 g", 2.4]], price: [2.9, 7.5] },
      {
        name: "Chocolats", code: "CHO",
        children: [
          { name: "Tablettes", code: "TAB", products: ["Chocolat noir 70 %", "Chocolat au lait", "Chocolat blanc vanille", "Noir noisettes entières"], sizes: [["100 g", 1], ["200 g", 1.9]], price: [2.2, 6.5] },
          { name: "Bonbons de chocolat", code: "BON", products: ["Pralinés assortis", "Truffes nature", "Orangettes", "Mendiants"], sizes: [["ballotin 250 g", 1], ["ballotin 500 g", 1.95]], price: [12, 24] },
        ],
      },
    ],
  },
  {
    name: "Boissons", code: "BOI",
    children: [
      {
        name: "Vins", code: "VIN",
        children: [
          { name: "Rouges", code: "ROU", products: ["Côtes-du-Rhône", "Morgon", "Saint-Joseph", "Brouilly", "Crozes-Hermitage"], sizes: bottle, price: [6.5, 32] },
          { name: "Blancs", code: "BLA", products: ["Condrieu", "Mâcon-Villages", "Chablis", "Viognier", "Saint-Véran"], sizes: bottle, price: [7.5, 45] },
          { name: "Rosés", code: "ROS", products: ["Côtes de Provence", "Tavel", "Bandol rosé"], sizes: bottle, price: [6.9, 19] },
        ],
      },
      { name: "Jus & sirops", code: "JUS", products: ["Jus de pomme artisanal", "Nectar d'abricot", "Sirop de menthe", "Limonade à l'ancienne"], sizes: [["25 cl", 1], ["1 l", 2.6]], price: [1.6, 4.9] },
      { name: "Eaux", code: "EAU", products: ["Eau minérale plate", "Eau gazeuse", "Eau de source"], sizes: [["1,5 l", 1], ["pack 6 × 1,5 l", 5.2]], price: [0.45, 1.2] },
      { name: "Cafés & thés", code: "CAF", products: ["Café d'Éthiopie moulu", "Café en grains Brésil", "Thé vert Sencha", "Rooibos vanille", "Infusion verveine"], sizes: [["250 g", 1], ["1 kg", 3.4]], price: [4.5, 16] },
    ],
  },
  {
    name: "Produits frais", code: "FRA",
    children: [
      { name: "Fromages", code: "FRO", products: ["Saint-Marcellin", "Comté 18 mois", "Beaufort d'alpage", "Bleu de Gex", "Tomme de Savoie"], sizes: [["pièce", 1], ["au kilo", 3.8]], price: [3.5, 12] },
      { name: "Crèmerie", code: "CRE", products: ["Beurre de baratte demi-sel", "Crème fraîche d'Isigny", "Yaourt nature fermier", "Fromage blanc"], sizes: [["pot", 1], ["lot de 4", 3.6]], price: [1.2, 4.8] },
      { name: "Charcuterie", code: "CHA", products: ["Rosette de Lyon", "Jambon persillé", "Saucisson brioché", "Terrine de campagne"], sizes: [["200 g", 1], ["500 g", 2.3]], price: [4.2, 14] },
    ],
  },
  {
    name: "Droguerie", code: "DRO",
    children: [
      { name: "Entretien", code: "ENT", products: ["Savon noir", "Vinaigre ménager", "Cristaux de soude", "Liquide vaisselle écologique"], sizes: [["1 l", 1], ["5 l", 4.1]], price: [2.5, 7.9] },
      { name: "Hygiène", code: "HYG", products: ["Savon de Marseille", "Shampooing solide", "Dentifrice à l'argile", "Déodorant à l'alun"], sizes: pack, price: [2.9, 9.5] },
    ],
  },
  {
    name: "Maison & cadeaux", code: "MAI",
    children: [
      { name: "Coffrets", code: "COF", products: ["Coffret apéritif lyonnais", "Coffret douceurs", "Panier gourmand", "Coffret vins du Rhône"], sizes: [["petit", 1], ["grand", 1.8]], price: [24, 79] },
      { name: "Vaisselle", code: "VAI", products: ["Verres à vin", "Planche à fromage en olivier", "Tasse en grès", "Couteau à fromage"], sizes: pack, price: [6.9, 34] },
    ],
  },
];

export const productQualities = ["", "bio", "artisanal", "sélection", "de saison", "AOP", "Label Rouge", "édition limitée"] as const;

export const customerNotes = [
  "Préfère être contacté par e-mail.",
  "Client fidèle depuis l'ouverture.",
  "Livraison le mardi uniquement.\nSonner à l'interphone « Atelier ».",
  "Remise professionnelle de 5 % accordée.",
  "Allergie aux fruits à coque : vérifier les coffrets.",
  "Paie par virement à 30 jours.",
  "Commande les coffrets de fin d'année en novembre.",
  "Attention : ancien compte fusionné (voir dossier papier).",
] as const;
